package service

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/jpeg"
	_ "image/png" // registers the PNG decoder for image.Decode
	"io"
	"net/http"
	"strconv"

	"github.com/furusato/furusato/internal/furusato"
	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // registers the WebP decoder for image.Decode
)

// ImageStore keeps image bytes under keys. The default is the database
// (store.Images), so that every node serves every image; an object store
// can take its place behind the same three methods. Keys are content-hashed
// and never reused for other bytes.
type ImageStore interface {
	// Put stores data under key; putting the same key again is not an error.
	Put(ctx context.Context, key string, data []byte, contentType string) error
	// Get returns the bytes and content type under key, ENOTFOUND for none.
	Get(ctx context.Context, key string) ([]byte, string, error)
	// Delete removes key; a missing key is not an error.
	Delete(ctx context.Context, key string) error
}

// Limits of a cover upload.
const (
	MaxCoverBytes  = 5 << 20    // the upload itself
	MaxCoverPixels = 40_000_000 // width × height, checked on the header before decoding
	MaxCoverSide   = 8000       // either side, in pixels
	coverQuality   = 80         // JPEG quality; lowered step by step to stay within coverBudget
	coverBudget    = 60 << 10   // ui.md §7: ≤ 60KB per variant

	// MaxCoverDecodedBytes bounds the memory the decoded pixels of one
	// upload take: width × height × the bytes a pixel takes in the decoded
	// image, reckoned from the header before decoding (coverDecodedBytes).
	// 64 MB is a 16 MP 8-bit PNG, a 40 MP baseline JPEG, or an 8 MP 16-bit
	// PNG; what is bigger gets images.error_pixels.
	MaxCoverDecodedBytes = 64 << 20

	// CoverDecoders is how many uploads one node decodes and scales at
	// once; more wait their turn (as long as their request lasts). With the
	// bounds above and below, one upload holds at most about 150 MB while
	// it is processed (the decoded picture, a shrunk copy or the scaler's
	// scratch, the largest variant), so covers take at most about 300 MB
	// of a node's memory whatever is uploaded.
	CoverDecoders = 2

	// maxScaleScratch bounds the scratch buffer of the Catmull-Rom scaler
	// (32 bytes per destination column and source row); an unusually tall
	// variant, which would need more, is scaled bilinearly instead.
	maxScaleScratch = 48 << 20
)

// decodeSlots holds one token per cover being decoded or scaled.
var decodeSlots = make(chan struct{}, CoverDecoders)

// decodingHook, when set (by tests), runs while an upload holds its slot.
var decodingHook func()

// CoverWidths are the widths of a cover's JPEG variants (ui.md §7 srcset).
var CoverWidths = []int{320, 640, 960}

// ImageVariant is one re-encoded size of an uploaded image.
type ImageVariant struct {
	Key           string // e.g. "cover/<hash>-640.jpg"
	Width, Height int
	Data          []byte // JPEG, without metadata
}

// ProcessedCover is an uploaded cover checked and re-encoded: Prefix is the
// content-hashed key prefix ("cover/<hash>"), Variants one per CoverWidths.
type ProcessedCover struct {
	Prefix   string
	Variants []ImageVariant
}

// Cover returns the cover to record on the project: the prefix and the size
// of the largest variant.
func (pc *ProcessedCover) Cover() furusato.Cover {
	last := pc.Variants[len(pc.Variants)-1]
	return furusato.Cover{Key: pc.Prefix, Width: last.Width, Height: last.Height}
}

// CoverVariantKey is the key of the variant of nominal width w of the cover
// whose prefix is prefix.
func CoverVariantKey(prefix string, w int) string {
	return prefix + "-" + strconv.Itoa(w) + ".jpg"
}

// CoverVariantSize is the actual size of the variant of nominal width w of
// a cover whose largest variant is width × height: no variant is wider than
// the original.
func CoverVariantSize(width, height, w int) (int, int) {
	if width <= 0 || height <= 0 {
		return 0, 0
	}
	if w >= width {
		return width, height
	}
	return w, max(1, (height*w+width/2)/width)
}

func coverError(key string) error {
	return invalid(map[string]string{"cover": key})
}

// ProcessCover reads an uploaded image of at most limit bytes and returns
// its JPEG variants. The type is decided by the content, never by the name
// or the declared type: JPEG, PNG and WebP only. The header's dimensions
// are checked before the pixels are decoded, so that a small file claiming
// a huge image (a decompression bomb) is refused without allocating it.
// The image is flattened onto white (RGB), scaled down (never up) with
// Catmull-Rom to each of CoverWidths, and encoded afresh as JPEG, which
// drops every metadata segment (Exif, GPS, XMP, ICC). Errors: EINVALID
// with Fields{"cover": key}, key one of images.error_required,
// images.error_size, images.error_type, images.error_dimensions,
// images.error_pixels (the decoded image would take more than
// MaxCoverDecodedBytes).
//
// At most CoverDecoders uploads are decoded at once on a node; others wait
// for a slot until ctx ends, and then return ctx's error.
func ProcessCover(ctx context.Context, r io.Reader, limit int64) (*ProcessedCover, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	switch {
	case err != nil:
		return nil, coverError("images.error_type")
	case len(data) == 0:
		return nil, coverError("images.error_required")
	case int64(len(data)) > limit:
		return nil, coverError("images.error_size")
	}
	want := map[string]string{"image/jpeg": "jpeg", "image/png": "png", "image/webp": "webp"}[http.DetectContentType(data)]
	if want == "" {
		return nil, coverError("images.error_type")
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || format != want {
		return nil, coverError("images.error_type")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxCoverSide || cfg.Height > MaxCoverSide ||
		int64(cfg.Width)*int64(cfg.Height) > MaxCoverPixels {
		return nil, coverError("images.error_dimensions")
	}
	if coverDecodedBytes(data, format, cfg) > MaxCoverDecodedBytes {
		return nil, coverError("images.error_pixels")
	}
	select {
	case decodeSlots <- struct{}{}:
		defer func() { <-decodeSlots }()
	case <-ctx.Done():
		// The request ended while others were decoding: the person (if
		// still there) is asked to try again, and nothing is logged as a fault.
		return nil, coverError("images.error_busy")
	}
	if decodingHook != nil {
		decodingHook()
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, coverError("images.error_type")
	}
	sum := sha256.Sum256(data)
	pc := &ProcessedCover{Prefix: "cover/" + hex.EncodeToString(sum[:16])}
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	// The largest variant is scaled from the picture shrunk by a whole
	// factor (an average over k×k blocks) to no less than its size, the
	// smaller ones from that: the scaler then never reads a big source,
	// and the decoded picture can go before the scaling starts.
	lw, lh := CoverVariantSize(sw, sh, CoverWidths[len(CoverWidths)-1])
	base := shrink(src, shrinkFactor(sw, sh, lw, lh))
	src = nil
	for _, w := range CoverWidths {
		vw, vh := CoverVariantSize(sw, sh, w)
		from := shrink(base, shrinkFactor(base.Bounds().Dx(), base.Bounds().Dy(), vw, vh))
		dst := image.NewRGBA(image.Rect(0, 0, vw, vh))
		draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
		var scaler draw.Scaler = draw.CatmullRom
		if int64(vw)*int64(from.Bounds().Dy())*32 > maxScaleScratch {
			scaler = draw.ApproxBiLinear // no scratch; the source is under twice the size
		}
		scaler.Scale(dst, dst.Bounds(), from, from.Bounds(), draw.Over, nil)
		out, err := encodeWithin(dst, coverBudget)
		if err != nil {
			return nil, err
		}
		pc.Variants = append(pc.Variants, ImageVariant{Key: CoverVariantKey(pc.Prefix, w), Width: vw, Height: vh, Data: out})
	}
	return pc, nil
}

// coverDecodedBytes is what decoding data (of format, whose header says
// cfg) allocates for its pixels: width × height × bytes per pixel of the
// colour model the decoder returns. JPEG's bytes per pixel depend on the
// chroma subsampling, and a progressive JPEG also keeps every coefficient
// (4 bytes a sample) until the end; both come from its frame header. An
// interlaced PNG holds its passes beside the image. Models not listed are
// taken at 8 bytes, the most any decoder here uses.
func coverDecodedBytes(data []byte, format string, cfg image.Config) int64 {
	px := int64(cfg.Width) * int64(cfg.Height)
	if format == "jpeg" {
		if samples, progressive, ok := jpegSamples(data); ok {
			// samples is in quarters of a byte per pixel.
			n := px * samples / 4
			if progressive {
				n += px * samples // 4 bytes per coefficient
			}
			if samples > 12 { // 4 components: decoded as CMYK
				n = max(n, px*4)
			}
			return n
		}
		return px * 8
	}
	var bpp int64
	switch cfg.ColorModel {
	case color.GrayModel, color.AlphaModel:
		bpp = 1
	case color.Gray16Model, color.Alpha16Model:
		bpp = 2
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		bpp = 4
	case color.YCbCrModel: // WebP's lossy frames are always 4:2:0
		return px * 3 / 2
	case color.NYCbCrAModel:
		return px * 5 / 2
	default:
		if _, ok := cfg.ColorModel.(color.Palette); ok {
			bpp = 1
		} else {
			bpp = 8
		}
	}
	switch {
	case format == "webp" && bpp == 4:
		bpp = 8 // lossless WebP decodes into a 32-bit buffer first
	case format == "png" && len(data) > 28 && data[28] == 1:
		return px * bpp * 3 / 2 // interlaced: the passes, then the image
	}
	return px * bpp
}

// jpegSamples reads the frame header (SOFn) of a JPEG: the samples per
// pixel, in quarters (4:2:0 YCbCr is 6, 4:4:4 is 12, grey 4), and whether
// it is progressive. ok is false when no frame header is found.
func jpegSamples(data []byte) (quarters int64, progressive, ok bool) {
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xff {
			return 0, false, false
		}
		m := data[i+1]
		if m == 0xff { // fill byte
			i++
			continue
		}
		n := int(data[i+2])<<8 | int(data[i+3])
		if n < 2 { // a segment's length counts its own two bytes
			return 0, false, false
		}
		if m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc {
			seg := data[i+4 : min(len(data), i+2+n)]
			if len(seg) < 6 {
				return 0, false, false
			}
			nc := int(seg[5])
			if nc == 0 || len(seg) < 6+3*nc {
				return 0, false, false
			}
			hmax, vmax := 1, 1
			for c := range nc {
				hv := seg[6+3*c+1]
				hmax, vmax = max(hmax, int(hv>>4)), max(vmax, int(hv&15))
			}
			for c := range nc {
				hv := seg[6+3*c+1]
				quarters += int64(4 * int(hv>>4) * int(hv&15) / (hmax * vmax))
			}
			return max(quarters, 1), m == 0xc2 || m == 0xc6 || m == 0xca || m == 0xce, true
		}
		if m == 0xda || m == 0xd9 { // scan or end before any frame
			return 0, false, false
		}
		i += 2 + n
	}
	return 0, false, false
}

// shrinkFactor is the largest whole k such that w×h shrunk by k is still
// at least tw×th.
func shrinkFactor(w, h, tw, th int) int {
	return max(1, min(w/max(tw, 1), h/max(th, 1)))
}

// shrink returns img scaled down by the whole factor k, each pixel the
// average of a k×k block (blocks at the right and bottom edges may be
// smaller), as premultiplied RGBA; img itself when k is 1. It converts k
// rows at a time, so it needs little memory besides its result.
func shrink(img image.Image, k int) image.Image {
	if k <= 1 {
		return img
	}
	b := img.Bounds()
	bw, bh := b.Dx(), b.Dy()
	ow, oh := (bw+k-1)/k, (bh+k-1)/k
	out := image.NewRGBA(image.Rect(0, 0, ow, oh))
	strip := image.NewRGBA(image.Rect(0, 0, bw, k))
	sum := make([]uint32, ow*4)
	for oy := range oh {
		y0 := b.Min.Y + oy*k
		rows := min(k, b.Max.Y-y0)
		draw.Draw(strip, image.Rect(0, 0, bw, rows), img, image.Pt(b.Min.X, y0), draw.Src)
		clear(sum)
		for y := range rows {
			row := strip.Pix[y*strip.Stride : y*strip.Stride+bw*4]
			for x := 0; x < bw; x++ {
				o, p := (x/k)*4, x*4
				sum[o] += uint32(row[p])
				sum[o+1] += uint32(row[p+1])
				sum[o+2] += uint32(row[p+2])
				sum[o+3] += uint32(row[p+3])
			}
		}
		dst := out.Pix[oy*out.Stride:]
		for ox := range ow {
			n := uint32(min(k, bw-ox*k) * rows)
			for c := range 4 {
				dst[ox*4+c] = uint8((sum[ox*4+c] + n/2) / n)
			}
		}
	}
	return out
}

// encodeWithin encodes img as JPEG at coverQuality, lowering the quality
// until it fits budget (or reaches 40, which is kept whatever its size).
func encodeWithin(img image.Image, budget int) ([]byte, error) {
	var buf bytes.Buffer
	for q := coverQuality; ; q -= 10 {
		buf.Reset()
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
			return nil, err
		}
		if buf.Len() <= budget || q <= 40 {
			return bytes.Clone(buf.Bytes()), nil
		}
	}
}
