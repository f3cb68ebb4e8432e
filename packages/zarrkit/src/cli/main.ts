#!/usr/bin/env node
// The `zarrkit` bin. Importing the umbrella registers every store, codec and filter, so any
// location string the library opens works here.
import "../index.js";
import { run } from "./program.js";

process.exitCode = await run(process.argv.slice(2));
