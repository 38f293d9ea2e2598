/**
 * Where Debian's fonts-noto-cjk, fonts-wqy-*, fonts-arphic-* install. Apart from fonts.ts so the server, which only hands
 * them to the renderer's worker, does not load fontkit at start.
 */
export const SYSTEM_FONT_DIRS = ['/usr/share/fonts/truetype', '/usr/share/fonts/opentype'];
