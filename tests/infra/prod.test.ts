import { describeStack } from "./stack-suite";

describeStack("prod");
