// The worker-thread entry of the pipeline pool (pool.ts): runs one pipeline per task.
import { runPipeline } from './run.ts';
import { threadTask } from './thread-task.ts';

export default threadTask(runPipeline);
