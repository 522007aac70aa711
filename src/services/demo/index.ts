export { DEMO_EMAIL_DOMAIN, resetDemoData, seedDemoData, type DemoSummary } from "./demo-data.service";
