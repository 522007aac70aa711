export * as users from "./user.service";
export { insertUser } from "./user-insert";
export { availableUsername, usernameFrom } from "./username";
export { findTenantUser, requireActiveTenantUser } from "./tenant-users";
