/**
 * Where tasks run: the {@link dev.tidepool.runners.Runner} interface;
 * {@link dev.tidepool.runners.WsPool} (work stealing) and {@link dev.tidepool.runners.FifoPool}
 * (submission order), which share the cores of a {@link dev.tidepool.runners.CoreBudget} fairly
 * by weight; {@link dev.tidepool.runners.Background} for blocking work off the budget; and
 * {@link dev.tidepool.runners.Runners} for the calling thread as a runner.
 */
package dev.tidepool.runners;
