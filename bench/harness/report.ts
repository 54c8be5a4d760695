// How a script says what happened: progress on stderr, a fault script's verdict and exit code.

export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Prints the verdict and sets the exit code: a fault script fails loudly. */
export function verdict(name: string, failures: string[]): void {
  if (failures.length === 0) {
    console.log(`${name}: PASS`);
  } else {
    console.log(`${name}: FAIL`);
    for (const f of failures) console.log(`  - ${f}`);
    process.exitCode = 1;
  }
  // Idle keep-alive sockets and client timers must not hold a finished script open.
  setTimeout(() => process.exit(), 200).unref();
}
