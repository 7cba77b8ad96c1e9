package service_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"runtime"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// tinyWebP is a valid 1×1 lossless WebP image.
var tinyWebP, _ = base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")

// photo is a w×h image with gradients, enough detail for JPEG to work on.
func photo(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x ^ y) & 0xff), 0xff})
		}
	}
	return img
}

func pngBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withExif inserts an APP1 Exif segment (with a GPS-looking payload) right
// after the SOI marker of a JPEG, as cameras write it.
func withExif(j []byte) []byte {
	payload := append([]byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08"), []byte("GPS 35.6812N 139.7671E secret-camera-serial")...)
	seg := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, j[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, j[2:]...)
}

// pngHeader is a PNG whose IHDR claims w×h pixels, followed by no image
// data: a decompression bomb's header costs a few bytes.
func pngHeader(w, h uint32) []byte { return pngHeaderOf(w, h, 8, 2) }

// pngHeaderOf is pngHeader with the given bit depth and colour type.
func pngHeaderOf(w, h uint32, depth, colorType byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = depth, colorType
	chunk := append([]byte("IHDR"), ihdr...)
	_ = binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(chunk)
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	b.WriteString("\x00\x00\x00\x00IEND\xaeB`\x82")
	return b.Bytes()
}

func coverKey(err error) string { return furusato.ErrorFields(err)["cover"] }

func TestProcessCover_JPEGPNGWebPBecomeThreeJPEGSizes(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		data  []byte
		sizes [3][2]int
	}{
		"png landscape": {pngBytes(t, photo(1200, 800)), [3][2]int{{320, 213}, {640, 427}, {960, 640}}},
		"jpeg small":    {jpegBytes(t, photo(500, 300)), [3][2]int{{320, 192}, {500, 300}, {500, 300}}}, // never upscaled
		"webp 1×1":      {tinyWebP, [3][2]int{{1, 1}, {1, 1}, {1, 1}}},
	} {
		pc, err := service.ProcessCover(context.Background(), bytes.NewReader(c.data), service.MaxCoverBytes)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(pc.Variants) != 3 || len(pc.Prefix) != len("cover/")+32 {
			t.Fatalf("%s: %d variants, prefix %q", name, len(pc.Variants), pc.Prefix)
		}
		for i, v := range pc.Variants {
			if v.Key != service.CoverVariantKey(pc.Prefix, service.CoverWidths[i]) {
				t.Errorf("%s: key %q", name, v.Key)
			}
			img, format, err := image.Decode(bytes.NewReader(v.Data))
			if err != nil || format != "jpeg" {
				t.Fatalf("%s: variant %d is %q: %v", name, i, format, err)
			}
			got := [2]int{img.Bounds().Dx(), img.Bounds().Dy()}
			if got != c.sizes[i] || v.Width != got[0] || v.Height != got[1] {
				t.Errorf("%s: variant %d is %v (says %d×%d), want %v", name, i, got, v.Width, v.Height, c.sizes[i])
			}
			if len(v.Data) > 60<<10 {
				t.Errorf("%s: variant %d is %d bytes, over 60KB", name, i, len(v.Data))
			}
		}
		if cv := pc.Cover(); cv.Key != pc.Prefix || cv.Width != c.sizes[2][0] || cv.Height != c.sizes[2][1] {
			t.Errorf("%s: cover %+v", name, cv)
		}
		again, _ := service.ProcessCover(context.Background(), bytes.NewReader(c.data), service.MaxCoverBytes)
		if again.Prefix != pc.Prefix {
			t.Errorf("%s: keys are not content-hashed: %q, %q", name, pc.Prefix, again.Prefix)
		}
	}
}

func TestProcessCover_ExifIsDropped(t *testing.T) {
	t.Parallel()
	in := withExif(jpegBytes(t, photo(400, 300)))
	if !bytes.Contains(in, []byte("Exif")) {
		t.Fatal("the test JPEG has no Exif segment")
	}
	if _, err := jpeg.Decode(bytes.NewReader(in)); err != nil {
		t.Fatalf("the test JPEG does not decode: %v", err)
	}
	pc, err := service.ProcessCover(context.Background(), bytes.NewReader(in), service.MaxCoverBytes)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range pc.Variants {
		if bytes.Contains(v.Data, []byte("Exif")) || bytes.Contains(v.Data, []byte("GPS")) || bytes.Contains(v.Data, []byte("secret")) {
			t.Errorf("%s keeps the metadata", v.Key)
		}
	}
}

func TestProcessCover_RefusesOtherTypesBigFilesAndBombs(t *testing.T) {
	// Serial: it measures the heap of the whole process.
	var g bytes.Buffer
	if err := gif.Encode(&g, photo(20, 20), nil); err != nil {
		t.Fatal(err)
	}
	big := pngBytes(t, photo(300, 300))
	for name, c := range map[string]struct {
		data  []byte
		limit int64
		want  string
	}{
		"gif":                  {g.Bytes(), service.MaxCoverBytes, "images.error_type"},
		"text":                 {[]byte("hello, this is not an image at all\n"), service.MaxCoverBytes, "images.error_type"},
		"html named .png":      {[]byte("<html><script>alert(1)</script>"), service.MaxCoverBytes, "images.error_type"},
		"png header, bad body": {append([]byte("\x89PNG\r\n\x1a\n"), "garbage"...), service.MaxCoverBytes, "images.error_type"},
		"empty":                {nil, service.MaxCoverBytes, "images.error_required"},
		"over the limit":       {big, int64(len(big) - 1), "images.error_size"},
		"100000×100000 bomb":   {pngHeader(100000, 100000), service.MaxCoverBytes, "images.error_dimensions"},
		"9000 px wide":         {pngHeader(9000, 10), service.MaxCoverBytes, "images.error_dimensions"},
		"7000×7000 (49 MP)":    {pngHeader(7000, 7000), service.MaxCoverBytes, "images.error_dimensions"},
	} {
		_, err := service.ProcessCover(context.Background(), bytes.NewReader(c.data), c.limit)
		if furusato.ErrorCode(err) != furusato.EINVALID || coverKey(err) != c.want {
			t.Errorf("%s: %v %v, want %s", name, err, furusato.ErrorFields(err), c.want)
		}
	}
	if _, err := service.ProcessCover(context.Background(), bytes.NewReader(big), int64(len(big))); err != nil {
		t.Errorf("exactly at the limit: %v", err)
	}
	// The bomb is refused on its header: decoding 10^10 pixels would
	// allocate 40GB, refusing it allocates next to nothing.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _ = service.ProcessCover(context.Background(), bytes.NewReader(pngHeader(100000, 100000)), service.MaxCoverBytes)
	runtime.ReadMemStats(&after)
	if d := after.TotalAlloc - before.TotalAlloc; d > 1<<20 {
		t.Errorf("refusing the bomb allocated %d bytes", d)
	}
}

func TestProjectsSetCover_StoresVariantsRecordsHistoryAndFollowsPolicy(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newManageFixture(t, db)
		p, err := f.svc.Create(ctx, f.staff, "gujo-seiryu-farm", input("クレソンの写真"))
		if err != nil {
			t.Fatal(err)
		}
		upload := pngBytes(t, photo(1200, 800))
		for name, c := range map[string]struct {
			a    *furusato.Actor
			want string
		}{
			"another company's staff":      {f.otherStaff, furusato.ENOTFOUND},
			"another region's coordinator": {f.hokkaido, furusato.ENOTFOUND},
			"a participant":                {f.participant, furusato.ENOTFOUND},
			"a visitor":                    {furusato.Visitor, furusato.ENOTFOUND},
		} {
			if _, err := f.svc.SetCover(ctx, c.a, p.ID, bytes.NewReader(upload)); code(err) != c.want {
				t.Errorf("%s: %v, want %s", name, err, c.want)
			}
			if err := f.svc.RemoveCover(ctx, c.a, p.ID); code(err) != c.want {
				t.Errorf("%s removes: %v, want %s", name, err, c.want)
			}
		}
		if _, err := f.svc.SetCover(ctx, f.staff, p.ID, bytes.NewReader([]byte("GIF89a not really"))); coverKey(err) != "images.error_type" {
			t.Errorf("a GIF: %v", err)
		}
		version, _ := db.CatalogueVersion(ctx)
		cv, err := f.svc.SetCover(ctx, f.staff, p.ID, bytes.NewReader(upload))
		if err != nil {
			t.Fatal(err)
		}
		if cv.Width != 960 || cv.Height != 640 {
			t.Errorf("cover %+v", cv)
		}
		if v, _ := db.CatalogueVersion(ctx); v <= version {
			t.Errorf("catalogue version %d, was %d", v, version)
		}
		covers, err := f.svc.Covers(ctx, []int64{p.ID, 999999})
		if err != nil || covers[p.ID] != cv || len(covers) != 1 {
			t.Errorf("covers %v %v", covers, err)
		}
		for _, w := range service.CoverWidths {
			data, ct, err := f.svc.Image(ctx, service.CoverVariantKey(cv.Key, w))
			if err != nil || ct != "image/jpeg" || len(data) == 0 {
				t.Errorf("variant %d: %q %d bytes %v", w, ct, len(data), err)
			}
		}
		for _, key := range []string{"cover/nope-640.jpg", "../etc/passwd", "", "other/" + cv.Key} {
			if _, _, err := f.svc.Image(ctx, key); code(err) != furusato.ENOTFOUND {
				t.Errorf("image %q: %v", key, err)
			}
		}
		h, err := f.svc.History(ctx, f.staff, p.ID)
		if err != nil || len(h) == 0 || h[0].Action != furusato.HistoryEdited || len(h[0].Changes) != 1 || h[0].Changes[0] != "cover" {
			t.Fatalf("history %+v %v", h, err)
		}
		// The coordinator of the region replaces it: the old variants go.
		cv2, err := f.svc.SetCover(ctx, f.gifu, p.ID, bytes.NewReader(jpegBytes(t, photo(640, 480))))
		if err != nil || cv2.Key == cv.Key || cv2.Width != 640 {
			t.Fatalf("replace: %+v %v", cv2, err)
		}
		if _, _, err := f.svc.Image(ctx, service.CoverVariantKey(cv.Key, 640)); code(err) != furusato.ENOTFOUND {
			t.Errorf("old variant after replace: %v", err)
		}
		if err := f.svc.RemoveCover(ctx, f.staff, p.ID); err != nil {
			t.Fatal(err)
		}
		if covers, _ := f.svc.Covers(ctx, []int64{p.ID}); len(covers) != 0 {
			t.Errorf("covers after removal %v", covers)
		}
		if _, _, err := f.svc.Image(ctx, service.CoverVariantKey(cv2.Key, 320)); code(err) != furusato.ENOTFOUND {
			t.Errorf("variant after removal: %v", err)
		}
		if err := f.svc.RemoveCover(ctx, f.staff, p.ID); err != nil {
			t.Errorf("removing no cover: %v", err)
		}
		if h2, _ := f.svc.History(ctx, f.staff, p.ID); len(h2) != len(h)+2 {
			t.Errorf("history has %d entries, want %d", len(h2), len(h)+2)
		}
	})
}

func TestImageStore_DatabasePutGetDelete(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var is service.ImageStore = db.Images(time.Now)
		data := []byte{0xff, 0xd8, 0xff, 0x00, 0x01, 0xfe}
		for range 2 { // the same key twice is fine
			if err := is.Put(ctx, "cover/abc-320.jpg", data, "image/jpeg"); err != nil {
				t.Fatal(err)
			}
		}
		got, ct, err := is.Get(ctx, "cover/abc-320.jpg")
		if err != nil || ct != "image/jpeg" || !bytes.Equal(got, data) {
			t.Fatalf("get: %x %q %v", got, ct, err)
		}
		if err := is.Delete(ctx, "cover/abc-320.jpg"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := is.Get(ctx, "cover/abc-320.jpg"); code(err) != furusato.ENOTFOUND {
			t.Errorf("after delete: %v", err)
		}
		if err := is.Delete(ctx, "cover/abc-320.jpg"); err != nil {
			t.Errorf("deleting twice: %v", err)
		}
	})
}

// pngBomb is a real w×h PNG of 16-bit RGBA (8 bytes a pixel when decoded)
// whose pixels are all zero: it compresses about a thousand to one, so the
// review's 8000×5000 (320 MB decoded) is some 380 KB. It is written row by
// row, so making it allocates little.
func pngBomb(t testing.TB, w, h uint32) []byte {
	t.Helper()
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		_ = binary.Write(&out, binary.BigEndian, uint32(len(data)))
		c := append([]byte(typ), data...)
		out.Write(c)
		_ = binary.Write(&out, binary.BigEndian, crc32.ChecksumIEEE(c))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 16, 6 // 16-bit RGBA
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	row := make([]byte, 1+int(w)*8) // filter byte 0, then zero pixels
	for range h {
		_, _ = zw.Write(row)
	}
	_ = zw.Close()
	for b := z.Bytes(); len(b) > 0; {
		n := min(len(b), 1<<16)
		chunk("IDAT", b[:n])
		b = b[n:]
	}
	chunk("IEND", nil)
	return out.Bytes()
}

// The review's L1: a 16-bit 8000×5000 PNG of a few hundred KB passes the
// dimension check but decodes to 320 MB. It is refused on its header, from
// its pixels times their bytes, without decoding anything.
func TestProcessCover_RefusesWhatWouldDecodeTooLarge(t *testing.T) {
	// Serial: it measures the heap of the whole process.
	bomb := pngBomb(t, 8000, 5000)
	t.Logf("the bomb is %d KB", len(bomb)>>10)
	if len(bomb) > service.MaxCoverBytes {
		t.Fatalf("the bomb is %d bytes, over the upload limit", len(bomb))
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := service.ProcessCover(context.Background(), bytes.NewReader(bomb), service.MaxCoverBytes)
	runtime.ReadMemStats(&after)
	if furusato.ErrorCode(err) != furusato.EINVALID || coverKey(err) != "images.error_pixels" {
		t.Errorf("16-bit 8000×5000: %v %v, want images.error_pixels", err, furusato.ErrorFields(err))
	}
	if d := after.TotalAlloc - before.TotalAlloc; d > 20<<20 {
		t.Errorf("refusing it allocated %d MB", d>>20)
	}
	// Headers alone decide: 16-bit 3000×3000 is 72 MB, 8-bit RGB 5000×4000
	// is 80 MB (decoded as RGBA).
	for name, data := range map[string][]byte{
		"16-bit 3000×3000": pngHeaderOf(3000, 3000, 16, 2),
		"8-bit 5000×4000":  pngHeaderOf(5000, 4000, 8, 2),
	} {
		if _, err := service.ProcessCover(context.Background(), bytes.NewReader(data), service.MaxCoverBytes); coverKey(err) != "images.error_pixels" {
			t.Errorf("%s: %v %v, want images.error_pixels", name, err, furusato.ErrorFields(err))
		}
	}
}

// photoFast is photo for big sizes: the same kind of gradients, written
// straight into the pixels.
func photoFast(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		p := img.Pix[y*img.Stride:]
		for x := range w {
			p[4*x], p[4*x+1], p[4*x+2], p[4*x+3] = uint8(x*255/w), uint8(y*255/h), uint8((x^y)&0xff), 0xff
		}
	}
	return img
}

// Ordinary pictures still go through: a 12 MP camera-sized JPEG (and its
// processing stays well under what the old scaler took, about 210 MB), a
// 16-bit PNG of modest size, and a tall one.
func TestProcessCover_AcceptsOrdinaryPhotosWithinMemory(t *testing.T) {
	// Serial: it measures the heap of the whole process.
	big := jpegBytes(t, photoFast(4000, 3000))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	pc, err := service.ProcessCover(context.Background(), bytes.NewReader(big), service.MaxCoverBytes)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatalf("4000×3000 JPEG: %v", err)
	}
	if cv := pc.Cover(); cv.Width != 960 || cv.Height != 720 {
		t.Errorf("4000×3000 JPEG: cover %+v", cv)
	}
	if d := after.TotalAlloc - before.TotalAlloc; d > 100<<20 {
		t.Errorf("processing a 4000×3000 JPEG allocated %d MB", d>>20)
	}
	t.Logf("a 4000×3000 JPEG: %d MB allocated", (after.TotalAlloc-before.TotalAlloc)>>20)

	deep := image.NewNRGBA64(image.Rect(0, 0, 600, 400))
	for i := range deep.Pix {
		deep.Pix[i] = uint8(i * 7)
	}
	tall := photoFast(600, 3000) // too tall for the Catmull-Rom scratch
	for name, c := range map[string]struct {
		data []byte
		w, h int
	}{
		"16-bit 600×400": {pngBytes(t, deep), 600, 400},
		"600×3000 JPEG":  {jpegBytes(t, tall), 600, 3000},
		"2000×1500 PNG":  {pngBytes(t, photoFast(2000, 1500)), 960, 720},
	} {
		pc, err := service.ProcessCover(context.Background(), bytes.NewReader(c.data), service.MaxCoverBytes)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if cv := pc.Cover(); cv.Width != c.w || cv.Height != c.h {
			t.Errorf("%s: cover %+v, want %d×%d", name, cv, c.w, c.h)
		}
	}
}
