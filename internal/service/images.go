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
)

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
func (pc *ProcessedCover) Cover() Cover {
	last := pc.Variants[len(pc.Variants)-1]
	return Cover{Key: pc.Prefix, Width: last.Width, Height: last.Height}
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
// images.error_size, images.error_type, images.error_dimensions.
func ProcessCover(r io.Reader, limit int64) (*ProcessedCover, error) {
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
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, coverError("images.error_type")
	}
	sum := sha256.Sum256(data)
	pc := &ProcessedCover{Prefix: "cover/" + hex.EncodeToString(sum[:16])}
	sb := src.Bounds()
	for _, w := range CoverWidths {
		vw, vh := CoverVariantSize(sb.Dx(), sb.Dy(), w)
		dst := image.NewRGBA(image.Rect(0, 0, vw, vh))
		draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, sb, draw.Over, nil)
		out, err := encodeWithin(dst, coverBudget)
		if err != nil {
			return nil, err
		}
		pc.Variants = append(pc.Variants, ImageVariant{Key: CoverVariantKey(pc.Prefix, w), Width: vw, Height: vh, Data: out})
	}
	return pc, nil
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
