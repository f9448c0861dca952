// The bulk CLI (`zcrmkit update-leads`) in its own process, so that its peak RSS and CPU are its own.
// argv: the command's arguments. The environment carries the configuration. Prints the command's
// own output to stderr and, last on stdout, one JSON line { code, wallMs, cpuMs, maxRssMb }.
import { runZcrmkit } from '../../packages/cli/dist/zcrmkit.js';

const io = { out: (line) => process.stderr.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`), isTTY: false };
const started = performance.now();
const code = await runZcrmkit(['update-leads', ...process.argv.slice(2)], io);
const wallMs = performance.now() - started;
const cpu = process.cpuUsage();
const out = { code, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 };
process.stdout.write(`${JSON.stringify(out)}\n`, () => process.exit(0));
