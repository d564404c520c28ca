import { currentSettings } from "../stacks";

// Settings first: an invalid or unsafe stack fails here, before any resource is registered.
const settings = currentSettings();

export const stack = settings.stack;
