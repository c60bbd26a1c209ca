/**
 * System tests run real hosts, real databases and a real browser on a shared 2-core machine; a
 * timing hiccup must not fail a whole CI run. Each failing test is retried once, and the first
 * failure is printed in full, so a flaky test stays visible in the log while a broken one still
 * fails twice.
 */
jest.retryTimes(1, { logErrorsBeforeRetry: true });
