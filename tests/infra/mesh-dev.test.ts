import { describeMesh } from "./mesh-suite";

describeMesh("dev");
