/** racelens's version, as `--version` and the SARIF/JUnit/HTML outputs name the tool. */
export const VERSION = '0.1.0';
