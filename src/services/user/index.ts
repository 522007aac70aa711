export * as users from "./user.service";
export { insertUser } from "./user-insert";
export { findTenantUser, requireActiveTenantUser } from "./tenant-users";
