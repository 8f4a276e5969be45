/** The command table: one line per command. `godebug-lab --help` lists them in this order. */
import { captureCommand } from "./capture";
import { chartCommand } from "./chart";
import type { Command } from "./command";
import { exportCommand } from "./export";
import { initCommand } from "./init";
import { reportCommand } from "./report";
import { summaryCommand } from "./summary";
import { whatifCommand } from "./whatif";

export const COMMANDS: readonly Command[] = [
  summaryCommand,
  exportCommand,
  captureCommand,
  whatifCommand,
  reportCommand,
  chartCommand,
  initCommand,
];
