// Preloaded into the tsc subprocess (`node --require`): prints the process's CPU time at exit.
// CPU time, unlike tsc's wall-clock "Total time", barely moves when other work shares the machine.
process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`CPU time:                    ${((user + system) / 1e6).toFixed(2)}s\n`);
});
