import { describeCdn } from "./cdn-suite";

describeCdn("prod");
