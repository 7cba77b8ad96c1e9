package service

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

func smallJPEG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 13)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Six uploads at once: never more than CoverDecoders decode together, and
// all of them go through (a full node waits, it does not refuse).
func TestProcessCover_AtMostCoverDecodersAtOnce(t *testing.T) {
	data := smallJPEG(t)
	var inFlight, most atomic.Int32
	decodingHook = func() {
		n := inFlight.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(40 * time.Millisecond)
		inFlight.Add(-1)
	}
	defer func() { decodingHook = nil }()
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for range 6 {
		wg.Go(func() {
			_, err := ProcessCover(context.Background(), bytes.NewReader(data), MaxCoverBytes)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("an upload failed: %v", err)
		}
	}
	if m := most.Load(); m != CoverDecoders {
		t.Errorf("at most %d decoded at once, want %d", m, CoverDecoders)
	}
}

// A waiting upload gives up when its request ends, and goes through when a
// slot frees in time.
func TestProcessCover_WaitEndsWithTheRequest(t *testing.T) {
	data := smallJPEG(t)
	for range CoverDecoders {
		decodeSlots <- struct{}{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := ProcessCover(ctx, bytes.NewReader(data), MaxCoverBytes)
	if furusato.ErrorFields(err)["cover"] != "images.error_busy" || time.Since(start) > 2*time.Second {
		t.Errorf("with every slot taken: %v after %v, want the polite busy error at the deadline", err, time.Since(start))
	}
	time.AfterFunc(50*time.Millisecond, func() { <-decodeSlots })
	if _, err := ProcessCover(context.Background(), bytes.NewReader(data), MaxCoverBytes); err != nil {
		t.Errorf("after a slot freed: %v", err)
	}
	for range CoverDecoders - 1 {
		<-decodeSlots
	}
}

// sof is a JPEG start and a frame header of marker m with components of
// the given sampling factors (0xHV).
func sof(m byte, hv ...byte) []byte {
	b := []byte{0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, m, 0, byte(8 + 3*len(hv)), 8, 0, 10, 0, 10, byte(len(hv))}
	for i, f := range hv {
		b = append(b, byte(i+1), f, 0)
	}
	return b
}

// Bytes per pixel come from the colour model (and for JPEG the frame
// header): 16-bit models 8, RGBA 4, grey 1, YCbCr 1.5 to 3.
func TestCoverDecodedBytes(t *testing.T) {
	const px = 1000 * 1000
	cfg := func(m color.Model) image.Config { return image.Config{ColorModel: m, Width: 1000, Height: 1000} }
	for name, c := range map[string]struct {
		data   []byte
		format string
		cfg    image.Config
		want   int64
	}{
		"png gray":               {nil, "png", cfg(color.GrayModel), px},
		"png gray16":             {nil, "png", cfg(color.Gray16Model), 2 * px},
		"png rgb":                {nil, "png", cfg(color.RGBAModel), 4 * px},
		"png rgba":               {nil, "png", cfg(color.NRGBAModel), 4 * px},
		"png rgb16":              {nil, "png", cfg(color.RGBA64Model), 8 * px},
		"png rgba16":             {nil, "png", cfg(color.NRGBA64Model), 8 * px},
		"png paletted":           {nil, "png", cfg(color.Palette{color.Black, color.White}), px},
		"webp lossy":             {nil, "webp", cfg(color.YCbCrModel), 3 * px / 2},
		"webp lossy alpha":       {nil, "webp", cfg(color.NYCbCrAModel), 5 * px / 2},
		"webp lossless":          {nil, "webp", cfg(color.NRGBAModel), 8 * px},
		"jpeg 4:2:0":             {sof(0xc0, 0x22, 0x11, 0x11), "jpeg", cfg(color.YCbCrModel), 3 * px / 2},
		"jpeg 4:2:2":             {sof(0xc1, 0x21, 0x11, 0x11), "jpeg", cfg(color.YCbCrModel), 2 * px},
		"jpeg 4:4:4":             {sof(0xc0, 0x11, 0x11, 0x11), "jpeg", cfg(color.YCbCrModel), 3 * px},
		"jpeg grey":              {sof(0xc0, 0x11), "jpeg", cfg(color.GrayModel), px},
		"jpeg progressive 4:2:0": {sof(0xc2, 0x22, 0x11, 0x11), "jpeg", cfg(color.YCbCrModel), 3*px/2 + 6*px},
		"jpeg cmyk":              {sof(0xc0, 0x11, 0x11, 0x11, 0x11), "jpeg", cfg(color.CMYKModel), 4 * px},
		"jpeg no frame header":   {[]byte{0xff, 0xd8, 0xff, 0xd9}, "jpeg", cfg(color.YCbCrModel), 8 * px},
		"jpeg frame length 0":    {[]byte{0xff, 0xd8, 0xff, 0xc0, 0, 0, 8, 0}, "jpeg", cfg(color.YCbCrModel), 8 * px},
	} {
		if got := coverDecodedBytes(c.data, c.format, c.cfg); got != c.want {
			t.Errorf("%s: %d bytes, want %d", name, got, c.want)
		}
	}
	// The encoder's own JPEG is 4:2:0 baseline.
	if q, prog, ok := jpegSamples(smallJPEG(t)); !ok || prog || q != 6 {
		t.Errorf("a real JPEG: %d quarters, progressive %v, %v", q, prog, ok)
	}
}
