import { z } from 'zod';

/** Every action type, in the fixed order one event's actions run. */
export const ActionTypeSchema = z.enum([
  'identify_user',
  'delete_user',
  'set_object',
  'delete_object',
  'set_tenant',
  'delete_tenant',
  'subscribe',
  'unsubscribe',
  'add_audience_members',
  'remove_audience_members',
  'cancel_workflow',
  'trigger_workflow',
]);
export type ActionType = z.infer<typeof ActionTypeSchema>;
