import { writeFileSync } from "node:fs";
import { buildContractSchema } from "./graphql/build-schema";
import { restApiDocument } from "./rest-bridge/openapi";

const target = new URL("../openapi.json", import.meta.url);
writeFileSync(target, JSON.stringify(restApiDocument(await buildContractSchema()), null, 2) + "\n");
console.log("openapi.json written");
