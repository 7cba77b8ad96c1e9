package mail

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Sender sends one composed message.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// The TLS modes of SMTPConfig.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS, which must succeed (port 587)
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // no encryption: a relay on the same host or a test server only
)

// SMTPConfig says how to reach the SMTP server and whom mail comes from.
type SMTPConfig struct {
	Host     string
	Port     int // 587 when 0
	Username string
	Password string // authentication only when Username is set
	TLS      string // TLSStartTLS (default), TLSImplicit or TLSNone
	From     string // "ふるさと兼業 <noreply@example.jp>"
	Timeout  time.Duration
}

// Validate checks c and fills in the defaults.
func (c *SMTPConfig) Validate() error {
	if c.Host == "" {
		return errors.New("mail: no SMTP host")
	}
	if c.Port == 0 {
		c.Port = 587
	}
	if c.Port < 1 || c.Port > 65535 {
		return fmt.Errorf("mail: SMTP port %d out of range", c.Port)
	}
	switch c.TLS {
	case "":
		c.TLS = TLSStartTLS
	case TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return fmt.Errorf("mail: SMTP TLS mode %q: want starttls, tls or none", c.TLS)
	}
	if _, err := netmail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("mail: sender address %q: %w", c.From, err)
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	return nil
}

// SMTPSender sends messages over SMTP, one connection per message.
type SMTPSender struct {
	cfg  SMTPConfig
	from *netmail.Address
}

// NewSMTPSender checks cfg and returns a sender for it.
func NewSMTPSender(cfg SMTPConfig) (*SMTPSender, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	from, _ := netmail.ParseAddress(cfg.From)
	return &SMTPSender{cfg: cfg, from: from}, nil
}

// Send sends m as multipart/alternative (plain text, then HTML), UTF-8 and
// base64, with its own Message-ID so that a resend keeps it.
func (s *SMTPSender) Send(ctx context.Context, m *Message) error {
	msg, err := s.build(m)
	if err != nil {
		return err
	}
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(s.cfg.Timeout)}
	switch s.cfg.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("mail: smtp client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send to %s via %s:%d: %w", m.To, s.cfg.Host, s.cfg.Port, err)
	}
	return nil
}

func (s *SMTPSender) build(m *Message) (*gomail.Msg, error) {
	if m.MessageID == "" {
		return nil, errors.New("mail: message has no Message-ID")
	}
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingB64), gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(s.from)
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("mail: recipient %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(strings.TrimSuffix(strings.TrimPrefix(m.MessageID, "<"), ">"))
	msg.SetDate()
	if m.ListUnsubscribe != "" {
		// RFC 2369 and RFC 8058: mail clients offer "unsubscribe", and a
		// POST to the URL turns this kind off without a sign-in.
		msg.SetGenHeader(gomail.Header("List-Unsubscribe"), "<"+m.ListUnsubscribe+">")
		msg.SetGenHeader(gomail.Header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click")
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.Calendar != "" {
		msg.AttachReader("invite.ics", strings.NewReader(m.Calendar), gomail.WithFileContentType("text/calendar; charset=utf-8; method=PUBLISH"))
	}
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}
