export { revokeSession, revokeUserSessions, rotateRefreshToken, startSession, type IssuedTokens } from "./session.service";
