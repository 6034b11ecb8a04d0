// Preloaded into Prism by the ory-rs contract tests (`node --require ./exit-with-parent.cjs ...`).
//
// The test harness gives Prism a pipe as its standard input and never writes to it. When the
// harness process ends, however it ends (a normal exit, a panic, or SIGKILL from a CI timeout),
// the kernel closes the pipe's write end, this script sees end-of-file, and Prism exits too.
// Without it an orphaned Prism would keep its port and ~200 MB until someone killed it.
'use strict';
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
