// The same contract, run against the in-process store and a real Redis.
import { defineQueueContract } from "./contract-suite";
import { memoryFactory, redisFactory } from "./harness";

defineQueueContract(memoryFactory());
defineQueueContract(redisFactory());
