import { describeTelemetry } from "./telemetry-suite";

describeTelemetry("prod");
