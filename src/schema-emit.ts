import { writeFileSync } from "node:fs";
import { printSchema } from "graphql";
import { buildContractSchema } from "./graphql/build-schema";

const target = new URL("../schema.graphql", import.meta.url);
writeFileSync(target, printSchema(await buildContractSchema()) + "\n");
console.log("schema.graphql written");
