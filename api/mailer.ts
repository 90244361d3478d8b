// Outgoing e-mail (escalations) through nodemailer, where an SMTP server is configured.
import nodemailer from 'nodemailer';
import type { MailConfig } from './config.ts';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
}

/** Sends mail; `extraTo` receive every escalation (LOTGRAPH_ESCALATION_MAIL_TO). */
export interface Mailer {
  extraTo: string[];
  send(m: Mail): Promise<void>;
  close(): void;
}

/** A mailer over the configured SMTP server. */
export function smtpMailer(cfg: MailConfig): Mailer {
  const transport = nodemailer.createTransport(cfg.smtpUrl);
  return {
    extraTo: cfg.escalationTo,
    async send(m) {
      await transport.sendMail({ from: cfg.from, to: m.to.join(', '), subject: m.subject, text: m.text });
    },
    close: () => transport.close(),
  };
}
