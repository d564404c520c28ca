import { describeStack } from "./stack-suite";

describeStack("dev");
