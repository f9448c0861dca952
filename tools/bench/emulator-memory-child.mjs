// The emulator alone in its own process, so that the RSS the memory bench reads is the emulator's
// and not the load generator's. argv: the built package's entry (a file URL), the lead count and more
// startEmulator options (JSON). Memory is read after a full GC (the parent runs it with --expose-gc).
// Over IPC it sends { url, accessToken, ids } once listening, then answers { cmd: 'memory' } with
// its RSS, peak RSS and heap, and { cmd: 'automation' } with its automation totals; { cmd: 'stop' } ends it.
const [entry, leadCount, extra = '{}'] = process.argv.slice(2);
const { startEmulator } = await import(entry);
// The request log keeps its default (1,000) and the automation log its own (10,000): the bench
// measures the emulator as a test suite runs it. `extra`: more options (JSON), to compare.
const emu = await startEmulator({ leadCount: Number(leadCount), tokenRateLimit: false, ...JSON.parse(extra) });
const mb = (bytes) => bytes / 2 ** 20;

process.on('message', async (message) => {
  if (message.cmd === 'memory') {
    globalThis.gc?.();
    const memory = process.memoryUsage();
    process.send({ rssMb: mb(memory.rss), heapUsedMb: mb(memory.heapUsed), heapTotalMb: mb(memory.heapTotal), externalMb: mb(memory.external), maxRssMb: process.resourceUsage().maxRSS / 1024 });
  } else if (message.cmd === 'automation') {
    const counts = emu.state.automationCounts('Leads');
    process.send({ runsKept: emu.state.automationRuns().length, counted: Object.values(counts).reduce((a, b) => a + b, 0), records: Object.keys(counts).length });
  } else if (message.cmd === 'stop') {
    await emu.stop();
    process.disconnect();
  }
});
process.send({ url: emu.url, accessToken: emu.state.issueAccessToken({ ttlSeconds: 86_400 }), ids: emu.state.listRecords('Leads').map((r) => r.id) });
