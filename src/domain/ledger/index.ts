export * from "./grid.js";
export * from "./columns.js";
export * from "./cells.js";
export * from "./problems.js";
export * from "./read.js";
export * from "./format.js";
export * from "./diff.js";
