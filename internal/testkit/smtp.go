package testkit

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// SMTPServer is a real SMTP server on 127.0.0.1 for tests: no
// authentication, no TLS, and every message it is given is kept.
type SMTPServer struct {
	srv  *smtp.Server
	addr *net.TCPAddr

	mu     sync.Mutex
	msgs   []CapturedMail
	delay  time.Duration // before each message is accepted (SetDelay)
	notify chan struct{}
}

// CapturedMail is one message the test server received.
type CapturedMail struct {
	From      string   // the envelope sender (MAIL FROM)
	To        []string // the envelope recipients (RCPT TO)
	Data      []byte   // the message as sent
	Subject   string   // decoded from its MIME encoded-words
	MessageID string   // the Message-ID header, with its angle brackets
	Header    mail.Header
	Text      string // the text/plain part, transfer-decoded
	HTML      string // the text/html part, transfer-decoded
}

// StartSMTP starts an SMTP server on 127.0.0.1:0, stopped when t ends.
func StartSMTP(t testing.TB) *SMTPServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtp: listen: %v", err)
	}
	s := &SMTPServer{addr: l.Addr().(*net.TCPAddr), notify: make(chan struct{}, 1)}
	s.srv = smtp.NewServer(backend{s})
	s.srv.Domain = "localhost"
	s.srv.ReadTimeout = 10 * time.Second
	s.srv.WriteTimeout = 10 * time.Second
	s.srv.MaxMessageBytes = 10 << 20
	go func() { _ = s.srv.Serve(l) }()
	t.Cleanup(func() { _ = s.srv.Close() })
	return s
}

// SetDelay makes the server wait d after reading each message before it
// keeps and accepts it, as a slow relay does: tests use it to act while a
// message is being handed over.
func (s *SMTPServer) SetDelay(d time.Duration) {
	s.mu.Lock()
	s.delay = d
	s.mu.Unlock()
}

// Addr returns the host and port the server listens on.
func (s *SMTPServer) Addr() (host string, port int) { return s.addr.IP.String(), s.addr.Port }

// Messages returns the messages received so far, in order.
func (s *SMTPServer) Messages() []CapturedMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]CapturedMail(nil), s.msgs...)
}

// WaitFor waits until at least n messages arrived and returns them, or
// fails t after timeout.
func (s *SMTPServer) WaitFor(t testing.TB, n int, timeout time.Duration) []CapturedMail {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		if msgs := s.Messages(); len(msgs) >= n {
			return msgs
		}
		select {
		case <-s.notify:
		case <-deadline.C:
			t.Fatalf("smtp: %d messages after %s, want %d", len(s.Messages()), timeout, n)
			return nil
		}
	}
}

func (s *SMTPServer) add(m CapturedMail) {
	s.mu.Lock()
	s.msgs = append(s.msgs, m)
	s.mu.Unlock()
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

type backend struct{ s *SMTPServer }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *SMTPServer
	from string
	to   []string
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	delay := ss.s.delay
	ss.s.mu.Unlock()
	time.Sleep(delay)
	m := CapturedMail{From: ss.from, To: append([]string(nil), ss.to...), Data: raw}
	parseCaptured(&m)
	ss.s.add(m)
	return nil
}

// parseCaptured fills in the decoded fields it can; a message it cannot
// parse keeps only the raw data, for the test to look at.
func parseCaptured(m *CapturedMail) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return
	}
	m.Header = msg.Header
	dec := new(mime.WordDecoder)
	if subj, err := dec.DecodeHeader(msg.Header.Get("Subject")); err == nil {
		m.Subject = subj
	}
	m.MessageID = msg.Header.Get("Message-ID")
	collectParts(m, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
}

func collectParts(m *CapturedMail, contentType, encoding string, body io.Reader) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				return
			}
			// multipart.Reader already undoes quoted-printable (and then
			// drops the header); base64 is left to decode.
			collectParts(m, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p)
		}
	}
	b, err := io.ReadAll(decodeTransfer(encoding, body))
	if err != nil {
		return
	}
	switch mt {
	case "text/plain":
		if m.Text == "" {
			m.Text = string(b)
		}
	case "text/html":
		if m.HTML == "" {
			m.HTML = string(b)
		}
	}
}

func decodeTransfer(encoding string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r) // skips line breaks itself
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}
