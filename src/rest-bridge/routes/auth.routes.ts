import { bodyInput, single } from "../mapping";
import type { RestRoute } from "../route";

const USER_FIELDS = "id email username firstName lastName avatarUrl roles";
const AUTH_FIELDS = `accessToken refreshToken expiresIn tokenType user { ${USER_FIELDS} }`;

/** Seed 001 §3.1 and seed 002 authentication flows. */
export const authRoutes: RestRoute[] = [
  {
    method: "POST",
    path: "/auth/register",
    operation: `mutation Register($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`,
    variables: (request) => ({ input: bodyInput(request) }),
    respond: single("register"),
    status: 201,
  },
  {
    method: "POST",
    path: "/auth/login",
    operation: `mutation Login($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`,
    variables: (request) => ({ input: bodyInput(request) }),
    respond: single("login"),
  },
  {
    method: "POST",
    path: "/auth/refresh",
    operation: `mutation Refresh($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken refreshToken expiresIn tokenType } }`,
    variables: (request) => ({ input: bodyInput(request) }),
    respond: single("refreshToken"),
  },
  {
    method: "POST",
    path: "/auth/logout",
    operation: `mutation Logout { logout { message } }`,
    respond: single("logout"),
  },
  {
    method: "POST",
    path: "/auth/forgot-password",
    operation: `mutation ForgotPassword($input: ForgotPasswordInput!) { forgotPassword(input: $input) { message } }`,
    variables: (request) => ({ input: bodyInput(request) }),
    respond: single("forgotPassword"),
  },
  {
    method: "POST",
    path: "/auth/reset-password",
    operation: `mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) { message } }`,
    variables: (request) => ({ input: bodyInput(request) }),
    respond: single("resetPassword"),
  },
];
