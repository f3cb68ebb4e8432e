// Each server lives in its own module; see README.md for how to run them by hand.
export * from "./nginx.js";
export * from "./fault-server.js";
export * from "./swift.js";
