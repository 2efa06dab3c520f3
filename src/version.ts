/** The project's version, as in package.json (a test keeps the two equal); pins record it. */
export const PROJECT_VERSION = '0.1.0';
