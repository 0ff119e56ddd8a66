// Ends a vitest run with one plain line, `tests: N passed, N failed`, that
// any CI can read without knowing vitest's own summary format.
export default class SummaryReporter {
  onTestRunEnd(testModules, unhandledErrors) {
    const counts = { passed: 0, failed: 0, skipped: 0 };

    for (const module of testModules) {
      const before = counts.failed;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
      // A file that fails to load or whose hooks fail has no failed test of
      // its own to count, yet the run failed.
      if (module.state() === 'failed' && counts.failed === before) counts.failed += 1;
    }
    counts.failed += unhandledErrors.length;

    const line = `tests: ${counts.passed} passed, ${counts.failed} failed`;
    const text = counts.skipped ? `${line}, ${counts.skipped} skipped` : line;
    // Written at exit so it stays the last line, after vitest's own summary.
    process.once('exit', () => process.stdout.write(`\n${text}\n`));
  }
}
