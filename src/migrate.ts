import { loadConfig } from "./config";
import { openDatabase } from "./db/client";
import { runMigrations } from "./db/migrate";

const config = loadConfig();
const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: 1 });
try {
  await runMigrations(handle, config.DATABASE_URL);
  console.log(`Migrations applied (${handle.kind}).`);
} finally {
  await handle.close();
}
