import { describeCdn } from "./cdn-suite";

describeCdn("dev");
