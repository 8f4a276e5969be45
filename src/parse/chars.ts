/**
 * Character codes the scanners compare `charCodeAt` (or a byte) against, named once (ASCII).
 *
 * Modules bind the names they use once (`import * as chars` then `const { SPACE, ZERO } = chars`) instead of
 * importing them: tsc compiles a use of an imported name to a property load on this module's exports object, so
 * every comparison in a scanner's per-character loop paid a map check and a load. That cost the 100k-line SCHED
 * bench file about 4 % more instructions than the constants each module had before (bench/README.md, session 5).
 */
export const LF = 10; // \n
export const CR = 13; // \r
export const SPACE = 32;
export const HASH = 35; // #
export const PERCENT = 37; // %
export const LPAREN = 40; // (
export const RPAREN = 41; // )
export const PLUS = 43; // +
export const COMMA = 44; // ,
export const MINUS = 45; // -
export const DOT = 46; // .
export const SLASH = 47; // /
export const ZERO = 48; // 0
export const NINE = 57; // 9
export const COLON = 58; // :
export const EQUALS = 61; // =
export const AT = 64; // @
export const UPPER_G = 71;
export const UPPER_M = 77;
export const UPPER_P = 80;
export const UPPER_S = 83;
export const LBRACKET = 91; // [
export const RBRACKET = 93; // ]
export const LOWER_A = 97;
export const LOWER_C = 99;
export const LOWER_E = 101;
export const LOWER_F = 102;
export const LOWER_G = 103;
export const LOWER_I = 105;
export const LOWER_M = 109;
export const LOWER_P = 112;
export const LOWER_S = 115;
export const LOWER_Z = 122;
