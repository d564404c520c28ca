import { describeWorkloads } from "./k8s-workloads-suite";

describeWorkloads("dev");
