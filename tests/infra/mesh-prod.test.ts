import { describeMesh } from "./mesh-suite";

describeMesh("prod");
