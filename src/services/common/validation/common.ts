import { z } from "zod";
import { UUID_PATTERN } from "../../../db/uuid";

/** A UUID given as an input field; malformed ids are a format error, foreign ids are "not found" later. */
export const idField = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .regex(UUID_PATTERN, `${label} must be a UUID`)
    .transform((value) => value.toLowerCase());

export const searchField = z.string().trim().max(200, "Search must be at most 200 characters");

export const nameField = (label: string, max = 255) =>
  z.string({ error: `${label} is required` }).trim().min(1, `${label} is required`).max(max, `${label} must be at most ${max} characters`);

export const descriptionField = (max: number) =>
  z.string().trim().max(max, `Description must be at most ${max} characters`).nullable().transform((value) => value || null);
