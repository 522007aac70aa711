// type-graphql decorators read design metadata; every schema module reaches this barrel before its own decorators run.
import "reflect-metadata";
export * from "./connection.args";
export * from "./connection";
export * from "./cursor";
export * from "./expected-updated-at";
export * from "./idempotency-key";
export * from "./scalars";
export * from "./simple-object-type";
