/**
 * Facts about the product that more than one entry point needs: its version (package.json is the
 * one source) and the Node flags the server and CLI run with.
 */
import { version } from '../package.json';

/** The version of Incident Lens, as package.json states it. */
export const PRODUCT_VERSION: string = version;

/**
 * Small young-generation semi-spaces: indexing makes a great deal of short-lived garbage (parsed
 * YAML, file texts), collected early this way, which keeps peak memory near what the index itself
 * holds, for a few percent of indexing time. The client passes it when it starts the server; the
 * server and the CLI also set it on themselves (see host/plainEnv.ts) for when they are started
 * some other way (Neovim, CI).
 */
export const NODE_RUNTIME_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
