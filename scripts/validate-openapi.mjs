// Validates the committed openapi.json against the OpenAPI 3.1 schema (CI runs it after the drift check).
import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";

const validator = new Validator();
const result = await validator.validate(JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")));
if (!result.valid) {
  console.error("openapi.json is not a valid OpenAPI document:");
  console.error(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
console.log(`openapi.json is valid OpenAPI ${validator.version}`);
