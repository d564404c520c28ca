import { describeTelemetry } from "./telemetry-suite";

describeTelemetry("dev");
