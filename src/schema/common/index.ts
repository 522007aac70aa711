export * from "./connection.args";
export * from "./connection";
export * from "./cursor";
export * from "./expected-updated-at";
export * from "./idempotency-key";
export * from "./scalars";
export * from "./simple-object-type";
