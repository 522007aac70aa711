export { enqueue, enqueueAll, retryFailedJob, queueStats, JOBS_CHANNEL, type EnqueueOptions, type QueueStats } from "./queue";
export { RetryJob, JobInterrupted, defaultBackoffMs, type JobContext, type JobHandler } from "./job-handler";
export { JobWorker, type JobWorkerOptions } from "./job-worker";
