import { describeCanary } from "./canary-suite";

describeCanary(10);
