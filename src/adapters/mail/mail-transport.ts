import type { Logger } from "pino";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  send(message: MailMessage): Promise<void>;
}

/**
 * Development transport: writes the mail to the log instead of sending it.
 * In production only the envelope is logged, because bodies carry secrets
 * such as reset links.
 */
export class LogMailTransport implements MailTransport {
  constructor(
    private readonly log: Logger,
    private readonly includeBody: boolean,
  ) {}

  async send(message: MailMessage): Promise<void> {
    if (this.includeBody) this.log.info({ mail: message }, "mail (log transport)");
    else this.log.warn({ mail: { subject: message.subject } }, "mail not sent: no mail transport configured");
  }
}
