export * from "./connection.args";
export * from "./connection";
export * from "./cursor";
export * from "./expected-updated-at";
export * from "./object-type";
export * from "./scalars";
