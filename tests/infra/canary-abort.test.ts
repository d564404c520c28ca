import { describeCanary } from "./canary-suite";

// An abort: the canary keeps its target group, binding and alarms, but no pod and no traffic.
describeCanary(0);
