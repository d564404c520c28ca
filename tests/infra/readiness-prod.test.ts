import { describeReadiness } from "./deploy-readiness-suite";

describeReadiness("prod");
