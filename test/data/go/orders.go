package orders

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	redis "github.com/go-redis/redis/v8"
	"go.mongodb.org/mongo-driver/mongo/options"
	"google.golang.org/grpc"
)

const inventoryAddr = "inventory:50051"

const listQuery = `
SELECT o.id,
       o.total
  FROM orders o
 WHERE o.customer_id = $1`

type Repo struct {
	db    *sql.DB `json:"db"`
	cache *redis.Client
}

func getEnv(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}

func (r *Repo) Get(ctx context.Context, id int) error {
	q := `SELECT *
		FROM orders
		WHERE id = $1`
	row := r.db.QueryRowContext(ctx, q, id)
	_ = row
	byStatus := "SELECT id FROM orders " +
		"WHERE status = ? " +
		"ORDER BY created_at"
	r.db.QueryContext(ctx, byStatus, "open")
	return nil
}

func Connect() {
	host := os.Getenv("DB_HOST")
	if host == "" {
		host = "localhost"
	}
	dsn := fmt.Sprintf("postgres://%s:%s@%s:%d/orders?sslmode=disable", os.Getenv("DB_USER"), os.Getenv("DB_PASS"), host, 5432)
	db, _ := sql.Open("postgres", dsn)
	_ = db
	client := redis.NewClient(&redis.Options{
		Addr:     "redis:6379",
		Password: os.Getenv("REDIS_PASSWORD"),
		DB:       0,
	})
	_ = client
	conn, err := grpc.Dial(inventoryAddr, grpc.WithInsecure())
	_, _ = conn, err
	uri := getEnv("MONGO_URI", "mongodb://mongo:27017")
	opts := options.Client().ApplyURI(uri)
	_ = opts
	labels := map[string]string{"team": "orders"}
	_ = labels
	fmt.Println("héllo wörld", "✓ done")
}
